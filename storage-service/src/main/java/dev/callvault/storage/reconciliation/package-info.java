/** Reconciliation: lists providers' recent recordings, publishes CallEnded for those whose webhook never came. */
package dev.callvault.storage.reconciliation;
