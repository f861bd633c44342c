package dev.callvault.platform.storage;

import io.minio.Http;
import io.minio.MinioClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The recordings bucket's S3 client (MinIO Java SDK, AWS Signature Version 4) for every service with the MinIO client
 * on its class path, built from {@link ObjectStorageProperties}; the {@link ObjectEncryption} every put and read uses;
 * the {@link RecordingTombstones} of deleted recordings; its {@code objectStore} health component where
 * Spring Boot's health support is present; and, where Micrometer is, the count of its requests
 * ({@link ObjectStoreRequestMetrics}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MinioClient.class)
@EnableConfigurationProperties(ObjectStorageProperties.class)
public class ObjectStorageConfiguration {

    /**
     * @param properties   endpoint, credentials, region and the HTTP client's pool
     * @param interceptors OkHttp application interceptors of the context (the request counter where Micrometer is)
     * @return the client, closed with the context (which also closes its HTTP client)
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public MinioClient minioClient(ObjectStorageProperties properties, ObjectProvider<Interceptor> interceptors) {
        return MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .httpClient(httpClient(properties.http(), interceptors.orderedStream().toList()), true)
                .build();
    }

    /**
     * MinIO's default OkHttp client (its protocols) with a dispatcher, a connection pool and connect, read and write
     * timeouts set by {@code callvault.storage.s3.http.*}.
     *
     * @param http the pool settings
     * @return a new client; the caller closes it
     */
    public static OkHttpClient httpClient(ObjectStorageProperties.Http http) {
        return httpClient(http, List.of());
    }

    /**
     * {@link #httpClient(ObjectStorageProperties.Http)} with application interceptors, which see each request once
     * (OkHttp "Interceptors": application interceptors, not network ones).
     *
     * @param http         the pool settings
     * @param interceptors added in this order
     * @return a new client; the caller closes it
     */
    public static OkHttpClient httpClient(ObjectStorageProperties.Http http, List<Interceptor> interceptors) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(http.maxConcurrentRequests());
        dispatcher.setMaxRequestsPerHost(http.maxConcurrentRequests());
        OkHttpClient.Builder builder = Http.newDefaultClient().newBuilder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(http.maxIdleConnections(), http.keepAlive().toMillis(),
                        TimeUnit.MILLISECONDS))
                .connectTimeout(http.connectTimeout())
                .readTimeout(http.readTimeout())
                .writeTimeout(http.writeTimeout());
        interceptors.forEach(builder::addInterceptor);
        return builder.build();
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

    /** The count of the bucket's requests, where the application has Micrometer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class RequestMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ObjectStoreRequestMetrics objectStoreRequestMetrics(
                ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry) {
            return new ObjectStoreRequestMetrics(registry.getIfAvailable(
                    () -> io.micrometer.core.instrument.Metrics.globalRegistry));
        }
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
