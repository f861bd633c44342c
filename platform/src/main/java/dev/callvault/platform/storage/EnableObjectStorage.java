package dev.callvault.platform.storage;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Gives a service the recordings bucket ({@link ObjectStorageConfiguration}: the MinIO client from
 * {@code callvault.storage.s3.*}, the encryption of every put and read, tombstones, {@code objectStore} health).
 * Services that keep recordings (fetch-worker, storage-service, playback-service) put it on their application class;
 * the others never bind {@code callvault.storage.s3.*}, even when a test puts the MinIO client on their class path.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ObjectStorageConfiguration.class)
public @interface EnableObjectStorage {
}
