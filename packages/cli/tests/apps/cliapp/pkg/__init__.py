from tumbler import App

application = App(__name__)
