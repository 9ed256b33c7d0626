package callcheck_test

import "go.yaml.in/yaml/v3"

func yamlOf(v any) ([]byte, error) { return yaml.Marshal(v) }
