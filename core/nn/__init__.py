"""Modules, losses, optimizers and their checks (mirrors torch.nn / torch.optim)."""
