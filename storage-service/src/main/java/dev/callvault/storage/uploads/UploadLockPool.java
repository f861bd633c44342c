package dev.callvault.storage.uploads;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * The connections that hold tus upload locks ({@link AdvisoryLockingService}), in a pool of their own
 * ({@code tus-locks}, {@code callvault.storage.uploads.lock-connections}, default 32): a session-level advisory lock
 * holds its connection for the whole request, so with the service's main pool a handful of slow uploads would take
 * every connection the catalog API and the consumers need. With this pool, more concurrent tus requests than it has
 * connections wait up to {@code callvault.storage.uploads.lock-wait} (default 10 s) for one and are then answered
 * 503; the main pool is never touched by a lock. Same database and credentials as {@code spring.datasource.*}.
 *
 * <p>Not a {@link DataSource} bean, so that Spring Boot's own data source stays the only one.
 */
class UploadLockPool implements DisposableBean {

    private final HikariDataSource pool;

    /**
     * @param properties Spring Boot's {@code spring.datasource.*}
     * @param uploads    the pool's size and wait
     */
    UploadLockPool(DataSourceProperties properties, UploadProperties uploads) {
        this.pool = properties.initializeDataSourceBuilder().type(HikariDataSource.class).build();
        pool.setPoolName("tus-locks");
        pool.setMaximumPoolSize(uploads.lockConnections());
        pool.setMinimumIdle(0);
        pool.setConnectionTimeout(uploads.lockWait().toMillis());
    }

    /**
     * @return a connection of the lock pool, to hold for one request
     * @throws SQLException if none is free within the lock wait, or the database fails
     */
    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
