package verify_test

import (
	"testing"

	"github.com/entratoken/entratoken/flows/verify"
)

// Whose keys a report names follows from what it holds (the issuer and
// how its keys were found), so a report made as data (in a test of the
// UI) names them as a verification would.
func TestSignerFromTheReport(t *testing.T) {
	const entra = "https://login.microsoftonline.com/966ac572-f5b7-4bbe-aa88-c76419c0f851/v2.0"
	for _, c := range []struct {
		r    verify.Report
		want string
	}{
		{verify.Report{Issuer: entra, KeysVia: "discovery"}, "Entra ID keys"},
		{verify.Report{Issuer: "https://idp.example.com", KeysVia: "discovery"}, "keys of https://idp.example.com"},
		{verify.Report{Issuer: entra, KeysVia: "AZURE_OPENID_CONFIG_JWKS_URI"}, "keys from AZURE_OPENID_CONFIG_JWKS_URI"},
		{verify.Report{Issuer: entra}, ""},
	} {
		if got := c.r.Signer(); got != c.want {
			t.Errorf("%+v: signer %q, want %q", c.r, got, c.want)
		}
	}
}

// Without leaves a check out and folds the state again from the rest.
func TestReportWithout(t *testing.T) {
	r := verify.Report{State: verify.Invalid, Checks: []verify.Check{
		{Name: verify.CheckSignature, State: verify.Valid},
		{Name: verify.CheckIssuer, State: verify.Valid},
		{Name: verify.CheckExpiry, State: verify.Invalid, Reason: "expired"},
		{Name: verify.CheckAudience, State: verify.Skipped},
	}}
	w := r.Without(verify.CheckExpiry)
	if w.State != verify.Valid || len(w.Checks) != 3 || w.Reason() != "" {
		t.Errorf("without expiry: %+v", w)
	}
	if r.State != verify.Invalid || len(r.Checks) != 4 || r.Reason() != "expired" {
		t.Errorf("the report itself changed: %+v", r)
	}
	r.Checks[1] = verify.Check{Name: verify.CheckIssuer, State: verify.Unchecked, Reason: "keys unreachable"}
	if w := r.Without(verify.CheckExpiry); w.State != verify.Unchecked || w.Summary() != "not checked: keys unreachable" {
		t.Errorf("an unchecked check left: %+v", w)
	}
}
