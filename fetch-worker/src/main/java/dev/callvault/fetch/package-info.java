/** The fetch worker: pulls call recordings from provider APIs into object storage (application and its settings). */
package dev.callvault.fetch;
