package dev.callvault.platform.storage;

import io.minio.Http;
import io.minio.MinioClient;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recordings bucket's S3 client (MinIO Java SDK, AWS Signature Version 4) for every service with the MinIO client
 * on its class path, built from {@link ObjectStorageProperties}; the {@link ObjectEncryption} every put and read uses;
 * the {@link RecordingTombstones} of deleted recordings; and its {@code objectStore} health component where
 * Spring Boot's health support is present.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MinioClient.class)
@EnableConfigurationProperties(ObjectStorageProperties.class)
public class ObjectStorageConfiguration {

    /**
     * @param properties endpoint, credentials, region and the HTTP client's pool
     * @return the client, closed with the context (which also closes its HTTP client)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MinioClient minioClient(ObjectStorageProperties properties) {
        return MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .httpClient(httpClient(properties.http()), true)
                .build();
    }

    /**
     * MinIO's default OkHttp client (its timeouts and protocols) with a dispatcher and connection pool sized by
     * {@code callvault.storage.s3.http.*}.
     *
     * @param http the pool settings
     * @return a new client; the caller closes it
     */
    public static OkHttpClient httpClient(ObjectStorageProperties.Http http) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(http.maxConcurrentRequests());
        dispatcher.setMaxRequestsPerHost(http.maxConcurrentRequests());
        return Http.newDefaultClient().newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(http.maxIdleConnections(), http.keepAlive().toMillis(),
                        TimeUnit.MILLISECONDS))
                .build();
    }

    /**
     * @param properties the {@code callvault.storage.s3.encryption.*} settings and the endpoint
     * @return the checked encryption of every object put
     * @throws IllegalStateException at start-up, if the settings are incomplete or need https (see
     *                               {@link ObjectEncryption#of})
     */
    @Bean
    @ConditionalOnMissingBean
    public ObjectEncryption objectEncryption(ObjectStorageProperties properties) {
        return ObjectEncryption.of(properties);
    }

    /**
     * @param minioClient the recordings bucket's client
     * @param encryption  the encryption of every put and SSE-C read
     * @param properties  gives the bucket
     * @return the tombstones of deleted recordings
     */
    @Bean
    @ConditionalOnMissingBean
    public RecordingTombstones recordingTombstones(MinioClient minioClient, ObjectEncryption encryption,
            ObjectStorageProperties properties) {
        return new RecordingTombstones(minioClient, encryption, properties);
    }

    /** The bucket's health, where the application exposes health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.AbstractHealthIndicator")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "objectStore")
        ObjectStoreHealthIndicator objectStore(MinioClient minioClient, ObjectStorageProperties properties) {
            return new ObjectStoreHealthIndicator(minioClient, properties);
        }
    }
}
