/** The key a processed upload is written under. */
export const processedKey = (key: string): string => `processed/${key.replace(/^incoming\//, '')}`;
