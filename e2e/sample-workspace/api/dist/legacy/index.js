// A hand-built artifact deployed as-is (custom-artifact packaging).
exports.handler = async () => ({ statusCode: 200, body: 'legacy' });
