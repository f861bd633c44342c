/** HTTP edge (actuator only): RFC 9457 problem details for every error. */
package dev.callvault.fetch.web;
