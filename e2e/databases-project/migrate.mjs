// The migration: creates the tables once, records every deploy (a re-deploy keeps the rows).
import { pgQuery } from './src/wire.mjs';

await pgQuery(
  process.env.STP_MAIN_DB_CONNECTION_STRING,
  'CREATE TABLE IF NOT EXISTS notes (body text)',
  "INSERT INTO notes SELECT 'migrated' WHERE NOT EXISTS (SELECT 1 FROM notes)",
  'CREATE TABLE IF NOT EXISTS deploys (n serial)',
  'INSERT INTO deploys DEFAULT VALUES',
);
console.log('migrated');
