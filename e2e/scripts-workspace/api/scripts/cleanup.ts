// before:delete: runs when the stack is deleted; a failure is logged and the delete goes on.
export default async () => {
  console.log('cleanup before delete');
};
