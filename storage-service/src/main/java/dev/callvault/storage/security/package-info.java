/** Authorization rules of the catalog API (token verification comes from the platform module). */
package dev.callvault.storage.security;
