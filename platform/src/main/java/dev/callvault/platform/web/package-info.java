/** RFC 9457 problem details for every HTTP error of a dashboard-facing service. */
package dev.callvault.platform.web;
