"""Keys and policy: the AES-GCM data key and codec, the app's other secrets, and the numbers from
security policy (lockout, session lengths)."""
