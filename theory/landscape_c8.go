package theory

func landC8(cfg Config, r *Result, progress Progress) {}
