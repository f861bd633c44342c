/**
 * What audit-service requires of its database role: that it can read and append to the audit tables and nothing
 * else ({@link dev.callvault.audit.database.ServiceRoleCheck}).
 */
package dev.callvault.audit.database;
