interface Order {
  readonly id: string;
}

export const handler = async (event: Order) => {
  return checkOrder(event);
};

function checkOrder(order: Order): never {
  throw new TypeError(`order ${order.id} is not valid`);
}
