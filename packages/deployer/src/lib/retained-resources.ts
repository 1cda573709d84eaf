/** Resources of a deleted template that CloudFormation keeps (DeletionPolicy Retain): destroy names them, never leaves them unsaid. */
export function retainedResources(templateBody: string): Array<{ readonly logicalId: string; readonly type: string }> {
  const resources = (JSON.parse(templateBody) as { Resources?: Record<string, { Type?: string; DeletionPolicy?: string }> }).Resources ?? {};
  return Object.entries(resources)
    .filter(([, r]) => r.DeletionPolicy === 'Retain')
    .map(([logicalId, r]) => ({ logicalId, type: r.Type ?? 'unknown' }));
}
