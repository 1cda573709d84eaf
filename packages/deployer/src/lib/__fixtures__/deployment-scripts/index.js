// Deployment-script handlers the runner tests invoke through the local Lambda runtime.
const fs = require('fs');

exports.record = async (event) => {
  fs.writeFileSync(process.env.RECORD_FILE, JSON.stringify(event));
  return { ok: true };
};

exports.fail = async () => {
  throw new Error('migration failed: column "email" already exists');
};

exports.sleep = async () => {
  await new Promise((resolve) => setTimeout(resolve, 20_000));
};

exports.huge = async () => {
  throw new Error('é'.repeat(5000) + ' end');
};
