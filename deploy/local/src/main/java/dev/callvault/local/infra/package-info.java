/** Real servers started without Docker: a KRaft Kafka broker, PostgreSQL from embedded binaries and S3Proxy. */
package dev.callvault.local.infra;
