/** The recording lifecycle: retention per tenant, legal holds, data-subject deletion, and their events. */
package dev.callvault.storage.lifecycle;
