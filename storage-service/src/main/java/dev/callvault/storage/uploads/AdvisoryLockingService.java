package dev.callvault.storage.uploads;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import me.desair.tus.server.exception.TusException;
import me.desair.tus.server.upload.UploadId;
import me.desair.tus.server.upload.UploadIdFactory;
import me.desair.tus.server.upload.UploadLock;
import me.desair.tus.server.upload.UploadLockingService;

/**
 * Locks a tus upload for the duration of one request across every instance of storage-service: a PostgreSQL
 * session-level advisory lock ({@code pg_try_advisory_lock}, PostgreSQL documentation "Advisory Locks", section
 * 13.3.5) keyed by the upload id, held on a connection of the pool until the request ends. A second request for the
 * same upload, on any instance, is answered 423 Locked at once (as a problem detail: thrown past the library, which
 * would otherwise only log its own lock exception). A lock never outlives its connection, so a crashed
 * instance leaves no stale lock behind; each request in progress holds one connection of the lock pool
 * ({@link UploadLockPool}, separate from the service's main pool) for its duration.
 */
class AdvisoryLockingService implements UploadLockingService {

    private final UploadLockPool locks;
    private UploadIdFactory idFactory;

    /** @param locks the connections that hold the locks */
    AdvisoryLockingService(UploadLockPool locks) {
        this.locks = locks;
    }

    @Override
    public UploadLock lockUploadByUri(String requestUri) throws TusException, IOException {
        UploadId id = idFactory.readUploadId(requestUri);
        if (id == null) {
            return null;
        }
        long key = key(id);
        Connection connection = null;
        try {
            connection = locks.connection();
            if (!tryLock(connection, key)) {
                connection.close();
                throw UploadRefusedException.locked("upload " + id + " is being written by another request");
            }
            return new AdvisoryLock(requestUri, connection, key);
        } catch (java.sql.SQLTransientConnectionException e) {
            // every lock connection is held by another request for longer than the lock wait
            throw UploadRefusedException.unavailable("too many uploads in progress to lock upload " + id, e);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new IOException("could not lock upload " + id, e);
        }
    }

    @Override
    public void cleanupStaleLocks() {
        // session-level advisory locks end with their connection: nothing can be stale
    }

    @Override
    public boolean isLocked(UploadId id) {
        long key = key(id);
        try (Connection connection = locks.connection()) {
            if (tryLock(connection, key)) {
                unlock(connection, key);
                return false;
            }
            return true;
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public void setIdFactory(UploadIdFactory idFactory) {
        this.idFactory = idFactory;
    }

    private static long key(UploadId id) {
        UUID uuid = (UUID) id.getOriginalObject();
        return uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection, long key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, key);
            statement.executeQuery().close();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the pool discards a broken connection, and its lock with it
            }
        }
    }

    /** One held lock: released (and its connection returned to the pool) when the request ends. */
    private static final class AdvisoryLock implements UploadLock {

        private final String uploadUri;
        private final Connection connection;
        private final long key;
        private boolean released;

        AdvisoryLock(String uploadUri, Connection connection, long key) {
            this.uploadUri = uploadUri;
            this.connection = connection;
            this.key = key;
        }

        @Override
        public String getUploadUri() {
            return uploadUri;
        }

        @Override
        public synchronized void release() {
            if (released) {
                return;
            }
            released = true;
            try {
                unlock(connection, key);
            } catch (SQLException e) {
                // closing the connection below ends the session's locks in any case
            } finally {
                closeQuietly(connection);
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
