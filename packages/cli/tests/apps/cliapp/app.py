from tumbler import App

shop = App("shop")


@shop.get("/items")
def items():
    return "items"
