package dev.callvault.storage.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.minio.errors.ErrorResponseException;
import io.minio.messages.ErrorResponse;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

/** How a failed write to object storage is answered: 507 for space, the body's own refusal, 503 otherwise. */
class UploadObjectsTests {

    private static ErrorResponseException refusal(String code) {
        Response response = new Response.Builder()
                .request(new Request.Builder().url("http://127.0.0.1:9000/recordings/t/2026/11/22/x.mp3").build())
                .protocol(Protocol.HTTP_1_1)
                .code(507)
                .message("Insufficient Storage")
                .build();
        return new ErrorResponseException(new ErrorResponse(code, "refused", "recordings", "t/2026/11/22/x.mp3", null,
                "req-1", null), response, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XMinioStorageFull", "XMinioAdminBucketQuotaExceeded", "QuotaExceeded",
            "ServiceQuotaExceeded"})
    void shouldAnswerInsufficientStorageWhenTheStoreRefusesForSpace(String code) {
        // given: the refusal as the SDK reports it, wrapped by its future
        CompletionException failure = new CompletionException(refusal(code));

        // when
        UploadRefusedException answer = UploadObjects.translate("storing t/2026/11/22/x.mp3", failure);

        // then
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
    }

    @Test
    void shouldAnswerServiceUnavailableForOtherRefusals() {
        // when
        UploadRefusedException answer = UploadObjects.translate("storing", refusal("AccessDenied"));

        // then
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void shouldPassOnTheBodysOwnRefusal() {
        // given: the body passed the tenant's limit while the SDK read it
        UploadRefusedException tooLarge = UploadRefusedException.tooLarge(20_480);
        RuntimeException failure = new RuntimeException(new IOException("the upload passed its limit", tooLarge));

        // when / then
        assertThat(UploadObjects.translate("storing", failure)).isSameAs(tooLarge);
    }
}
