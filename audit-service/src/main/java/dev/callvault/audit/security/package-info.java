/** Authorization rules of the audit API (token verification comes from the platform module). */
package dev.callvault.audit.security;
