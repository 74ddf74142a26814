// The OpenTelemetry Resource of a Flint process, shared by traces and metrics: the SDK defaults,
// Flint's attributes, then OTEL_RESOURCE_ATTRIBUTES / OTEL_SERVICE_NAME (the operator's explicit
// choice wins). The process detector is left out on purpose: it exports the command line, which
// can hold a --password.
import type { Resource } from '@opentelemetry/resources';

export async function flintResource(attributes: Readonly<Record<string, string>>): Promise<Resource> {
  const { defaultResource, detectResources, envDetector, resourceFromAttributes } = await import('@opentelemetry/resources');
  return defaultResource()
    .merge(resourceFromAttributes({ ...attributes }))
    .merge(detectResources({ detectors: [envDetector] }));
}
