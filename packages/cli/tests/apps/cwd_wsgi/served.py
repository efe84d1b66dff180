from tumbler import App

app = App("served")


@app.get("/")
def index():
    return "hello from the real server"
