export default async () => ({ url: process.env.STP_ORDERS_DB_CONNECTION_STRING });
