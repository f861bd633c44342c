/** Per provider and tenant circuit breakers and bulkheads around provider requests, and their health. */
package dev.callvault.fetch.resilience;
