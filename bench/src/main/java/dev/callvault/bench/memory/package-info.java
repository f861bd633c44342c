/** Memory bounds: resident memory and heap of a service process while it moves large recordings. */
package dev.callvault.bench.memory;
