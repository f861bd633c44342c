/** What tests of several modules share: one set of servers per JVM, webhook signers, dev JWTs, fixtures, topic readers. */
package dev.callvault.local.testing;
