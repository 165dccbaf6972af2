import { ref } from 'vue';
import type { User } from './api/index.js';

/** The signed-in user, shared by the router guard and the views. */
export const currentUser = ref<User | undefined>();
