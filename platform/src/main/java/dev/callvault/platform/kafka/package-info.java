/** The broker's component of {@code /actuator/health}. */
package dev.callvault.platform.kafka;
