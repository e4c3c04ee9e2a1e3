/** Query keys of the settings data that more than one component uses. */
export const gatewayKeysKey = ['user', 'gateway-keys'] as const;
