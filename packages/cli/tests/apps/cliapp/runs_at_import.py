from tumbler import App

app = App("eager")
app.run()  # no __main__ guard: must not block the command line
