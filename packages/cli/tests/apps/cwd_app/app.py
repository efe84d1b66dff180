from tumbler import App

app = App("from_app_py")
