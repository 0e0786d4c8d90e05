package flows_test

import (
	"testing"

	"github.com/entratoken/entratoken/flows"
)

func TestRedact(t *testing.T) {
	secret := "s3cr3t+Val/ue="
	for _, tc := range []struct{ name, in, want string }{
		{"raw and form-encoded secret, and a JWT",
			"raw " + secret + " form client_secret=s3cr3t%2BVal%2Fue%3D jwt " + mintJWT(t, map[string]any{"sub": "x"}) + ".",
			"raw [redacted] form client_secret=[redacted] jwt [token redacted]."},
		// The UI's old pattern wanted 4+ characters per part; any JWT shape counts.
		{"a short JWT shape", "got eyJh.e30.sig and eyJhbGciOiJub25lIn0.e30.", "got [token redacted] and [token redacted]"},
		{"nothing to hide", "AADSTS501051: not assigned", "AADSTS501051: not assigned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := flows.Redact(tc.in, "", secret); got != tc.want {
				t.Errorf("Redact = %q, want %q", got, tc.want)
			}
		})
	}
}
