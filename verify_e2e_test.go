package main

import "testing"

// The token screen checks each token it shows against the sandbox's keys:
// an M2M token verifies, the bad-signature target's does not, and neither
// holds the token back.
func TestEndToEndVerificationLine(t *testing.T) {
	s := startScreen(t, 100, 32, "--sandbox")
	s.waitFor("dp-soknad", "pdl-api")

	s.send("/")
	s.send("dp-soknad")
	s.send("\r")
	s.send("\r")
	s.waitFor("dp-soknad · M2M", "signature ✓ keys from AZURE_OPENID_CONFIG_JWKS_URI")

	s.esc("enter run")
	s.esc("10 targets") // the filter is cleared
	s.send("/")
	s.send("bad-signature")
	s.send("\r")
	s.send("\r")
	s.waitFor("bad-signature · M2M", "✗ bad signature · APIs will refuse this token")

	s.send("q")
	s.waitExitOK()
}
