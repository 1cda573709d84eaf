// esbuild warns about the duplicate key: a warning that belongs to this function only.
export const handler = async () => ({ status: 200, status: 201 });
