package dev.callvault.storage.objects;

import io.minio.MinioClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The S3 client (MinIO Java SDK, AWS Signature Version 4) of the recordings bucket. */
@Configuration(proxyBeanMethods = false)
class ObjectStorageConfiguration {

    @Bean(destroyMethod = "close")
    MinioClient minioClient(ObjectStorageProperties properties) {
        return MinioClient.builder()
                .endpoint(properties.endpoint())
                .credentials(properties.accessKey(), properties.secretKey())
                .region(properties.region())
                .build();
    }
}
