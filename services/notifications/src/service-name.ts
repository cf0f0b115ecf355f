/** The service's name: its schema, its log field, the source of its events. */
export const SERVICE_NAME = 'notifications';
