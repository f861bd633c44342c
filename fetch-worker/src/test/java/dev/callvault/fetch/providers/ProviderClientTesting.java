package dev.callvault.fetch.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.callvault.fetch.FetchProperties;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.springframework.util.unit.DataSize;

/** What the provider clients' tests share: worker settings, ids, and checks of {@link FetchFailedException}s. */
public final class ProviderClientTesting {

    private ProviderClientTesting() {
    }

    /**
     * @param timeout connect and read timeout of provider requests
     * @return the worker's settings with that timeout, else small test values
     */
    public static FetchProperties fetchProperties(Duration timeout) {
        return new FetchProperties(Duration.ofHours(2), Duration.ofMinutes(10), 3, DataSize.ofMegabytes(8),
                new FetchProperties.Retry(Duration.ofSeconds(1), 2.0, 0.5, Duration.ofSeconds(5), 3,
                        Duration.ofSeconds(30)),
                new FetchProperties.RetryTopics(Duration.ofMinutes(1), 2.0, Duration.ofMinutes(30)), 1,
                new FetchProperties.Http(timeout, timeout, Duration.ofMinutes(5), 3), 64, DataSize.ofMegabytes(64),
                DataSize.ofGigabytes(4));
    }

    /** @return a fresh, well-formed Twilio RecordingSid ({@code RE} and 32 hex digits) */
    public static String recordingSid() {
        return "RE" + HexFormat.of().formatHex(UUID.randomUUID().toString().substring(0, 16).getBytes())
                .substring(0, 32);
    }

    /**
     * @param call a call that must fail
     * @param code the failure code it must fail with
     */
    public static void assertFailure(ThrowingCallable call, FailureCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FetchFailedException.class,
                failure -> assertThat(failure.code()).isEqualTo(code));
    }

    /**
     * @param call a call that must fail with a {@link FetchFailedException}
     * @return that exception
     */
    public static FetchFailedException catchFailure(ThrowingCallable call) {
        try {
            call.call();
        } catch (FetchFailedException e) {
            return e;
        } catch (Throwable e) {
            throw new AssertionError("expected a FetchFailedException", e);
        }
        throw new AssertionError("expected a FetchFailedException");
    }
}
