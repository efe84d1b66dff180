from tumbler import App

app = App("inner")
