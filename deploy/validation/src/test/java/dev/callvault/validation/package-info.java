/** Offline checks of the deployment files: Kubernetes manifests, docker-compose.yml, alert rules and dashboards. */
package dev.callvault.validation;
