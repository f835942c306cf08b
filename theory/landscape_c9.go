package theory

func landC9(cfg Config, r *Result, progress Progress) {}
