/** Operators' tools behind {@code deploy/ops/}: listing, inspecting and re-driving dead-letter topics. */
package dev.callvault.local.ops;
