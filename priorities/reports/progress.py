"""Report a builder's progress to a callback (the background builds' progress bar)."""


class Progress:
    """Report ``done`` of ``total`` steps to a callback, at most once per whole percent."""

    def __init__(self, callback, total):
        self.callback = callback
        self.total = max(total, 1)
        self.done = 0
        self.last_percent = -1

    def step(self, count=1):
        self.done += count
        percent = self.done * 100 // self.total
        if self.callback and percent != self.last_percent:
            self.last_percent = percent
            self.callback(self.done, self.total)
