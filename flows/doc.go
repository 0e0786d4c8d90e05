// Package flows is entratoken's domain: targets, tokens, the token sources
// NAIS offers (azure-token-generator, Texas, Entra ID), the on-disk cache,
// pickup of pasted text and the typed errors a user can act on. It knows
// nothing of the terminal UI or of the config file.
package flows
