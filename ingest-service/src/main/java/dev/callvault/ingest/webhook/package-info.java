/** What every webhook endpoint shares: body limits, answers, rejections and their RFC 9457 problem details. */
package dev.callvault.ingest.webhook;
