// A Cognito pre-sign-up trigger: confirms the user as it signs up.
export const handler = async (event: { response: Record<string, unknown> }) => {
  event.response.autoConfirmUser = true;
  return event;
};
