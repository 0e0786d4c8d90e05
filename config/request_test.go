package config_test

import (
	"testing"

	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

func TestSavedTargetRequest(t *testing.T) {
	target := flows.Target{Cluster: "dev-gcp", Namespace: "team", App: "api"}
	const session = "session-value"
	for _, tc := range []struct {
		name   string
		source flows.Via
		flow   flows.Flow
		want   flows.Request
	}{
		{"M2M, no source", "", flows.M2M, flows.Request{Target: target, Flow: flows.M2M, Via: flows.ViaGenerator}},
		{"M2M via Texas", flows.ViaTexas, flows.M2M, flows.Request{Target: target, Flow: flows.M2M, Via: flows.ViaTexas}},
		{"M2M via Entra", flows.ViaEntra, flows.M2M, flows.Request{Target: target, Flow: flows.M2M, Via: flows.ViaEntra}},
		{"OBO ignores the M2M source", flows.ViaTexas, flows.OBO, flows.Request{Target: target, Flow: flows.OBO, Via: flows.ViaGenerator, Session: session}},
		{"OBO, no source", "", flows.OBO, flows.Request{Target: target, Flow: flows.OBO, Via: flows.ViaGenerator, Session: session}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := config.SavedTarget{Target: target, Source: tc.source, Flow: flows.M2M, Note: "n"}
			if got := st.Request(tc.flow, session); got != tc.want {
				t.Errorf("Request = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestSavedTargetM2MSource(t *testing.T) {
	for source, want := range map[flows.Via]flows.Via{"": flows.ViaGenerator, flows.ViaGenerator: flows.ViaGenerator, flows.ViaTexas: flows.ViaTexas, flows.ViaEntra: flows.ViaEntra} {
		if got := (config.SavedTarget{Source: source}).M2MSource(); got != want {
			t.Errorf("M2MSource with Source %q = %q, want %q", source, got, want)
		}
	}
}
