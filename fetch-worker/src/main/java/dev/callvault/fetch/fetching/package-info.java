/** Consumes call-ended and fetch-requested, runs each fetch with retries and publishes its outcome event. */
package dev.callvault.fetch.fetching;
